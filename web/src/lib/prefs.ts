import { useEffect, useState } from 'react';

// Per-browser preferences (theme, wall layout, last tenant). Storage can be disabled: then they last a visit.

export function readPref(key: string): string | undefined {
  try {
    return window.localStorage.getItem(`vigil.${key}`) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writePref(key: string, value: string | undefined): void {
  try {
    if (value === undefined) window.localStorage.removeItem(`vigil.${key}`);
    else window.localStorage.setItem(`vigil.${key}`, value);
  } catch {
    // Not persisted; the choice still holds for this visit.
  }
}

export type Theme = 'dark' | 'light';

/** Dark by default (night shifts); light on request. Wall mode: larger type for a shared screen. */
export function useDisplayPrefs(): { theme: Theme; toggleTheme: () => void; wall: boolean; toggleWall: () => void } {
  const [theme, setTheme] = useState<Theme>(readPref('theme') === 'light' ? 'light' : 'dark');
  const [wall, setWall] = useState(readPref('wall') === '1' || new URLSearchParams(window.location.search).get('wall') === '1');
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
    writePref('theme', theme);
  }, [theme]);
  useEffect(() => {
    document.documentElement.classList.toggle('wall', wall);
    writePref('wall', wall ? '1' : undefined);
  }, [wall]);
  return { theme, toggleTheme: () => { setTheme((t) => (t === 'dark' ? 'light' : 'dark')); }, wall, toggleWall: () => { setWall((w) => !w); } };
}
