import type { Integration } from '../../link/desk';

/** The logo to show for an integration: a light logo URL, else its base64 PNG. */
export function logoOf(i: Integration): string | undefined {
  const l = i.logo;
  if (!l) return undefined;
  const url = l.logoLightUrl || l.iconLightUrl || l.logoColorUrl || l.iconColorUrl;
  if (url) return url;
  return l.base64Logo ? `data:image/png;base64,${l.base64Logo}` : undefined;
}

/** Integrations matching a search and a category ("" = all), by name. */
export function filterCatalog(all: Integration[], search: string, category: string): Integration[] {
  const q = search.trim().toLowerCase();
  return all
    .filter((i) => (!category || (i.categories ?? []).includes(category as never)) && (!q || `${i.name} ${i.type}`.toLowerCase().includes(q)))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
}

/** Every category the catalog uses, sorted. */
export function categoriesOf(all: Integration[]): string[] {
  return [...new Set(all.flatMap((i) => (i.categories ?? []) as string[]))].sort();
}
