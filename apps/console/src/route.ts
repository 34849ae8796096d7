import { useEffect, useState } from 'preact/hooks';

/** Where the console is: `#/<page>?<params>`, so a reload or a shared link opens the same job. */
export interface Route {
  readonly page: string;
  readonly params: URLSearchParams;
}

function current(): Route {
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { page: path, params: new URLSearchParams(query) };
}

/** Goes to a page (and its params), adding a history entry. */
export function navigate(page: string, params: Record<string, string> = {}): void {
  const query = new URLSearchParams(params).toString();
  location.hash = `#/${page}${query ? `?${query}` : ''}`;
}

/** The current route, following the hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
