/**
 * Event layouts that need reshaping before field access. `evtx-json` is the JSON that `evtx_dump` (and
 * most EVTX-to-JSON tools) write, with the XML structure kept:
 *
 *   { Event: { System: { Provider: { '#attributes': { Name } }, EventID, Channel, … },
 *              EventData: { Image, CommandLine, … } | UserData: { <Element>: { … } } } }
 *
 * It becomes the flat field set Sigma rules use (rules specification, "Field Usage"): System children by
 * name, XML attributes as `Element_Attribute` (`Provider_Name`, `Execution_ProcessID`), EventData and
 * UserData children at the top, and field names with spaces also under their space-stripped form
 * (`Threat Name` → `ThreatName`). Flat layouts (NXLog, Winlogbeat-style) need no reshaping.
 */

export const LAYOUTS = ['evtx-json'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `{ '#text': x }` (an element with attributes) → x; anything else unchanged. */
const unwrap = (v: unknown): unknown => (isObject(v) && '#text' in v ? v['#text'] : v);

function put(out: Json, key: string, value: unknown): void {
  out[key] = value;
  if (key.includes(' ')) out[key.replace(/ /g, '')] = value;
}

function addData(out: Json, data: unknown): void {
  if (!isObject(data)) return;
  for (const [key, value] of Object.entries(data)) {
    if (key === '#attributes') continue;
    if (key === 'Data' && Array.isArray(value)) {
      // <Data Name="X">v</Data> lists, or unnamed <Data> values (classic PowerShell events).
      const unnamed: unknown[] = [];
      for (const item of value as unknown[]) {
        const name = isObject(item) && isObject(item['#attributes']) ? item['#attributes']['Name'] : undefined;
        if (typeof name === 'string') put(out, name, unwrap(item));
        else unnamed.push(unwrap(item));
      }
      if (unnamed.length > 0) out['Data'] = unnamed;
      continue;
    }
    put(out, key, unwrap(value));
  }
}

export function flattenEvtxJson(event: Readonly<Json>): Json | undefined {
  const root = event['Event'];
  if (!isObject(root) || !isObject(root['System'])) return undefined;
  const out: Json = {};
  addData(out, root['EventData']);
  const userData = root['UserData'];
  if (isObject(userData)) for (const [k, child] of Object.entries(userData)) if (k !== '#attributes') addData(out, child);
  for (const [key, value] of Object.entries(root['System'])) {
    if (isObject(value)) {
      const attrs = value['#attributes'];
      if (isObject(attrs)) for (const [a, v] of Object.entries(attrs)) out[`${key}_${a}`] = v;
      if ('#text' in value) out[key] = value['#text'];
    } else {
      out[key] = value;
    }
  }
  return out;
}

const NORMALISERS: Readonly<Record<LayoutName, (event: Readonly<Json>) => Json | undefined>> = { 'evtx-json': flattenEvtxJson };

export function normaliseLayout(layout: LayoutName, event: Readonly<Json>): Json | undefined {
  return NORMALISERS[layout](event);
}
