import { useSyncExternalStore } from 'react';

// A tiny history router: the pages are few and the server answers every console path with index.html.

const NAVIGATED = 'vigil:navigate';

const subscribe = (listener: () => void): (() => void) => {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
};

const snapshot = (): string => window.location.pathname + window.location.search;

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; query: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const [path = '/', search = ''] = href.split('?');
  return { path, query: new URLSearchParams(search), href };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace === true) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
  if (options.replace !== true) window.scrollTo(0, 0);
}

/** Click handler for in-app links: plain left clicks navigate in place; others (new tab…) behave natively. */
export function onLinkClick(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const href = event.currentTarget.getAttribute('href');
  if (href === null || !href.startsWith('/')) return;
  event.preventDefault();
  navigate(href);
}
