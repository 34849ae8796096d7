import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiKey, onUnauthorised } from './api';
import { DesignPage } from './pages/design';
import { DrugPage } from './pages/drug';
import { TimeseriesPage } from './pages/timeseries';
import { WeatherPage } from './pages/weather';
import { useRoute } from './route';
import './styles.css';

const PAGES = [
  { id: 'weather', title: 'Weather', page: WeatherPage },
  { id: 'drug', title: 'Drug screening', page: DrugPage },
  { id: 'design', title: 'Molecule design', page: DesignPage },
  { id: 'timeseries', title: 'Time series', page: TimeseriesPage },
] as const;

/** Asks for an API key once the server has refused a call for want of one. */
function KeyPrompt() {
  const [asked, setAsked] = useState(false);
  const [key, setKey] = useState(apiKey.get() ?? '');
  useEffect(() => {
    const ask = () => setAsked(true);
    onUnauthorised.add(ask);
    return () => void onUnauthorised.delete(ask);
  }, []);
  if (!asked) return null;
  return (
    <form
      class="key-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        apiKey.set(key.trim() || null);
        location.reload();
      }}
    >
      The server wants an API key:{' '}
      <input type="password" value={key} onInput={(e) => setKey(e.currentTarget.value)} placeholder="key" />
      <button type="submit">Use it</button>
    </form>
  );
}

function App() {
  const route = useRoute();
  const current = PAGES.find((p) => p.id === route.page) ?? PAGES[0];
  const Page = current.page;
  return (
    <>
      <header>
        <a class="brand" href="#/">
          Strata
        </a>
        <nav>
          {PAGES.map((p) => (
            <a key={p.id} href={`#/${p.id}`} class={p === current ? 'active' : ''}>
              {p.title}
            </a>
          ))}
        </nav>
        <span class="docs">
          API reference: <a href="weather/docs">weather</a> · <a href="drug/docs">drug</a> ·{' '}
          <a href="timeseries/docs">time series</a>
        </span>
      </header>
      <KeyPrompt />
      <main>
        <Page params={route.params} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
