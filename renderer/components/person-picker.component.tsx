// Choosing persons one by one: search by name or record number, add, remove.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../src/api/schemas/record.ts';
import { unwrap } from '../api/client.ts';
import { useClient } from '../api/client-context.tsx';
import { nameText, preferredName } from '../features/persons/person-format.ts';

export function PersonPicker({ chosen, onChange }: { chosen: PersonSummary[]; onChange: (persons: PersonSummary[]) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [text, setText] = useState('');
  const query = text.trim();
  const found = useQuery({
    queryKey: ['person.search', { text: query, limit: 10 }],
    enabled: query.length >= 2,
    queryFn: () => unwrap(client.call('person.search', { text: query, limit: 10 })),
  });
  const label = (p: PersonSummary) => {
    const name = preferredName(p.names);
    return `${name ? nameText(name) : ''} · ${p.recordNumber}`;
  };
  return (
    <div>
      <label>
        {t('transfer.findPerson', 'Add a person (name or number)')} <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <ul className="plain-list">
        {(found.data?.results ?? [])
          .filter((p) => !chosen.some((c) => c.id === p.id))
          .map((p) => (
            <li key={p.id}>
              <Button className="button link" onPress={() => onChange([...chosen, p])}>
                + <bdi>{label(p)}</bdi>
              </Button>
            </li>
          ))}
      </ul>
      {chosen.length > 0 && (
        <ul className="plain-list" aria-label={t('transfer.chosen', 'Chosen persons')} data-testid="chosen-persons">
          {chosen.map((p) => (
            <li key={p.id}>
              <bdi>{label(p)}</bdi>{' '}
              <Button className="button small" onPress={() => onChange(chosen.filter((c) => c.id !== p.id))}>
                {t('family.remove', 'Remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
