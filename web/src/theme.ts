/** Light or dark: the user's choice (kept in localStorage), else the system's `prefers-color-scheme`. */
export type Theme = 'light' | 'dark';

const KEY = 'millrace.theme';

export function initialTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, remember: boolean): void {
  document.documentElement.dataset['theme'] = theme;
  if (remember) localStorage.setItem(KEY, theme);
}
