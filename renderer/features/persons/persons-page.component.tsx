import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useDeferredValue, useEffect, useId, useRef, useState, type CSSProperties } from 'react';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../../src/api/schemas/record.ts';
import { countryName } from '../../../src/domain/value-sets/countries.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { useCan } from '../session/use-session.ts';
import { nameText, preferredName, useAgeText, useSexLabel } from './person-format.ts';

const PAGE = 50;
const ROW_HEIGHT = 64;
const VIRTUALISE_ABOVE = 100;

interface Filters {
  sex: string;
  ageFrom: string;
  ageTo: string;
}

/** Find a person by any name in any script, an identifier or a record number; or register one. */
export function PersonsPage({ onOpen, onRegister }: { onOpen: (id: string) => void; onRegister: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const can = useCan();
  const sexLabel = useSexLabel();
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<Filters>({ sex: '', ageFrom: '', ageTo: '' });
  const deferredText = useDeferredValue(text);
  const ids = { sex: useId(), ageFrom: useId(), ageTo: useId() };
  const query = {
    text: deferredText,
    ...(filters.sex && { sex: filters.sex as 'female' }),
    ...(filters.ageFrom && { ageFrom: Number(filters.ageFrom) }),
    ...(filters.ageTo && { ageTo: Number(filters.ageTo) }),
  };
  const search = useInfiniteQuery({
    queryKey: ['person.search', query],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => unwrap(client.call('person.search', { ...query, limit: PAGE, offset: pageParam })),
    getNextPageParam: (last, pages) => (last.more ? pages.length * PAGE : undefined),
  });
  const results: PersonSummary[] = search.data?.pages.flatMap((p) => p.results) ?? [];
  const total = search.data?.pages[0]?.total ?? 0;

  const scroller = useRef<HTMLDivElement>(null);
  const virtualised = results.length > VIRTUALISE_ABOVE;
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions the compiler cannot memoise
  const virtual = useVirtualizer({ count: results.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (!virtualised) return;
    if (lastIndex >= results.length - 5 && search.hasNextPage && !search.isFetchingNextPage) void search.fetchNextPage();
  }, [lastIndex, results.length, search, virtualised]);

  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));

  return (
    <section className="page" aria-labelledby="persons-title">
      <div className="page-head">
        <h1 id="persons-title">{t('persons.title', 'Persons')}</h1>
        {can('person.register') && (
          <Button className="button primary" onPress={onRegister}>
            {t('persons.register', 'Register a person')}
          </Button>
        )}
      </div>
      <SearchField className="field search-field" value={text} onChange={setText} aria-describedby="search-help">
        <Label>{t('persons.search', 'Search')}</Label>
        {/* Empty, `dir="auto"` would lay the placeholder out left to right on a right-to-left page. */}
        <Input dir={text ? 'auto' : undefined} placeholder={t('persons.searchPlaceholder', 'Name in any script, record number, document number…')} />
      </SearchField>
      <p id="search-help" className="muted small">
        {t('persons.searchHelp', 'Other spellings and scripts are found too: Mohammed finds Muhammad and محمد.')}
      </p>
      <div className="filters" role="group" aria-label={t('audit.filters', 'Filters')}>
        <div className="field">
          <label htmlFor={ids.sex}>{t('person.sex', 'Sex')}</label>
          <select id={ids.sex} value={filters.sex} onChange={set('sex')}>
            <option value="">{t('persons.any', 'Any')}</option>
            {['female', 'male', 'other', 'unknown'].map((s) => (
              <option key={s} value={s}>
                {sexLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.ageFrom}>{t('persons.ageFrom', 'Age from')}</label>
          <input id={ids.ageFrom} type="number" min={0} max={120} value={filters.ageFrom} onChange={set('ageFrom')} />
        </div>
        <div className="field">
          <label htmlFor={ids.ageTo}>{t('persons.ageTo', 'Age to')}</label>
          <input id={ids.ageTo} type="number" min={0} max={120} value={filters.ageTo} onChange={set('ageTo')} />
        </div>
      </div>
      <ErrorMessage error={toApiError(search.error)} />
      <p aria-live="polite" className="muted">
        {search.isLoading ? t('common.loading', 'Loading…') : t('persons.count', { count: total, defaultValue: '{{count}} persons' })}
      </p>
      <div ref={scroller} className="result-list" role="list" aria-label={t('persons.results', 'Search results')} data-testid="person-results">
        {/* Short lists are plain (every row reachable by screen readers and find-in-page); long ones are virtualised. */}
        {virtualised ? (
          <div style={{ blockSize: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const p = results[item.index];
              return p ? (
                <ResultRow
                  key={p.id}
                  person={p}
                  onOpen={onOpen}
                  style={{ position: 'absolute', insetBlockStart: 0, insetInlineStart: 0, inlineSize: '100%', blockSize: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                />
              ) : null;
            })}
          </div>
        ) : (
          results.map((p) => <ResultRow key={p.id} person={p} onOpen={onOpen} style={{ blockSize: ROW_HEIGHT }} />)
        )}
      </div>
    </section>
  );
}

function ResultRow({ person: p, onOpen, style }: { person: PersonSummary; onOpen: (id: string) => void; style: CSSProperties }) {
  const { t, i18n } = useTranslation();
  const ageText = useAgeText();
  const sexLabel = useSexLabel();
  const name = preferredName(p.names);
  const others = p.names.filter((n) => n !== name).map(nameText);
  return (
    <div role="listitem" className="result-row" style={style}>
      <button type="button" className="result-button" onClick={() => onOpen(p.id)}>
        <span className="result-name">
          <bdi>{name ? nameText(name) : ''}</bdi>
          {others.length > 0 && (
            <span className="muted">
              {' · '}
              {/* The separator stays outside the isolates: inside a Latin name's it would be laid out left
                  to right with it, and in a right-to-left line end up on the far side of that name. */}
              {others.map((o, i) => (
                <Fragment key={i}>
                  {i > 0 && t('common.listSeparator', ', ')}
                  <bdi>{o}</bdi>
                </Fragment>
              ))}
            </span>
          )}
        </span>
        <span className="result-facts muted">
          <bdi>{p.recordNumber}</bdi> · {sexLabel(p.sex)} · {ageText(p.birth)}
          {p.nationality && ` · ${countryName(p.nationality, i18n.language as LanguageCode) ?? p.nationality}`}
        </span>
      </button>
    </div>
  );
}
