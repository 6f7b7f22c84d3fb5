import type { Role } from '../core/roles.ts';
import type { InventoryEntry } from '../intake/assets/inventory.ts';

/** The demo: a mid-size retailer with stores, a web shop and a PCI DSS cardholder-data environment. */
export const DEMO_TENANT = {
  id: 'demo',
  name: 'Northwind Outfitters (demo retailer)',
  timeZone: 'Europe/London',
  settings: { country: 'GB', businessHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' } },
} as const;

/** Local demo only: printed at start and in the README. Never seeded outside `--demo`. */
export const DEMO_TOKEN = 'vgl_demo_local_only_do_not_use_in_production_0001';
export const DEMO_PASSWORD = 'vigil-demo-2026';
export const DEMO_ADMIN_EMAIL = 'admin@demo.vigil.local';

export const DEMO_PEOPLE: readonly { name: string; role: Role }[] = [
  { name: 'Priya Shah', role: 'manager' },
  { name: 'Tom Becker', role: 't1' },
  { name: 'Aisha Okafor', role: 't1' },
  { name: 'Liam Murphy', role: 't1' },
  { name: 'Sofia Rossi', role: 't1' },
  { name: 'Kenji Sato', role: 't1' },
  { name: 'Nina Kowalski', role: 't1' },
  { name: 'Omar Haddad', role: 't2' },
  { name: 'Grace Lin', role: 't2' },
  { name: 'Mateo Garcia', role: 't2' },
  { name: 'Hannah Weber', role: 't2' },
  { name: 'Ravi Iyer', role: 't3' },
  { name: 'Elena Petrova', role: 't3' },
];

const stores = Array.from({ length: 8 }, (_, i): InventoryEntry => ({
  hostname: `pos-store-${String(i + 1).padStart(3, '0')}`,
  ips: [`10.20.${i + 1}.10`],
  owner: 'Retail Operations',
  businessService: 'In-store payments',
  criticality: 4,
  dataClasses: ['pci'],
}));

export const DEMO_ASSETS: readonly InventoryEntry[] = [
  ...stores,
  { hostname: 'pay-gw-01', ips: ['10.10.5.21'], owner: 'Payments', businessService: 'Payment gateway', criticality: 5, dataClasses: ['pci'] },
  { hostname: 'pay-gw-02', ips: ['10.10.5.22'], owner: 'Payments', businessService: 'Payment gateway', criticality: 5, dataClasses: ['pci'] },
  { hostname: 'db-cardholder-01', ips: ['10.10.5.40'], owner: 'Payments', businessService: 'Cardholder data', criticality: 5, dataClasses: ['pci', 'pii'] },
  { hostname: 'web-shop-01', ips: ['10.10.1.11', '203.0.113.10'], owner: 'E-commerce', businessService: 'Web shop', criticality: 4, dataClasses: ['pii'] },
  { hostname: 'web-shop-02', ips: ['10.10.1.12', '203.0.113.11'], owner: 'E-commerce', businessService: 'Web shop', criticality: 4, dataClasses: ['pii'] },
  { hostname: 'dc-01', ips: ['10.10.0.10'], owner: 'IT Infrastructure', businessService: 'Directory', criticality: 5, dataClasses: [] },
  { hostname: 'dc-02', ips: ['10.10.0.11'], owner: 'IT Infrastructure', businessService: 'Directory', criticality: 5, dataClasses: [] },
  { hostname: 'hr-app-01', ips: ['10.10.3.30'], owner: 'People', businessService: 'HR system', criticality: 4, dataClasses: ['pii'] },
  { hostname: 'erp-01', ips: ['10.10.3.40'], owner: 'Finance', businessService: 'ERP', criticality: 4, dataClasses: [] },
  { hostname: 'mail-01', ips: ['10.10.2.25'], owner: 'IT Infrastructure', businessService: 'E-mail', criticality: 3, dataClasses: [] },
  { hostname: 'vpn-01', ips: ['10.10.0.5', '203.0.113.5'], owner: 'IT Infrastructure', businessService: 'Remote access', criticality: 4, dataClasses: [] },
  { hostname: 'fs-01', ips: ['10.10.3.50'], owner: 'IT Infrastructure', businessService: 'File shares', criticality: 3, dataClasses: ['pii'] },
  { hostname: 'lt-finance-07', ips: ['10.30.0.57'], owner: 'Finance', criticality: 2, dataClasses: [] },
  { hostname: 'lt-marketing-12', ips: ['10.30.0.62'], owner: 'Marketing', criticality: 2, dataClasses: [] },
];
