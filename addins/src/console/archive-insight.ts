/**
 * @module
 * Arkiv's insight page (`/console/arkiv/indsigt`): everything the archive holds about a party as
 * one ZIP (GDPR art. 15), by the party's number. The number is typed, sent once and then
 * cleared from the form; it is never put in the page's address. The API audits the download.
 */
import { Button, Field, Input, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { data, h } from '../common/h.ts';
import { saveBlob, useArchiveApi } from './archive-api.ts';
import { Outcome, useAction } from './archive-common.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { submitted } from './form-submit.ts';

export function ArchiveInsightPage() {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const archive = useArchiveApi();
  const [party, setParty] = useState('');
  const action = useAction();
  const submit = () => {
    if (!/^(\d{8}|\d{10})$/.test(party.replace(/[\s-]/g, ''))) return action.fail(a.partyInvalid);
    void action.run(async () => {
      const zip = await archive.insight({ party });
      saveBlob(zip.blob, zip.filename);
      setParty('');
      return a.insightDone;
    });
  };
  return h(
    'section',
    { 'aria-labelledby': 'insight-heading', className: s.form },
    h(Text, { as: 'h2', id: 'insight-heading', size: 500, weight: 'semibold' }, a.insightHeading),
    h(Text, { as: 'p', className: s.muted }, a.insightIntro),
    h(
      'form',
      {
        className: s.row,
        onSubmit: submitted(submit),
      },
      h(
        Field,
        { label: a.insightParty, hint: a.partyHint },
        h(Input, {
          value: party,
          onChange: (_, d) => setParty(d.value),
          inputMode: 'numeric',
          autoComplete: 'off',
          ...data({ testid: 'insight-party' }),
        }),
      ),
      h(
        Button,
        { type: 'submit', appearance: 'primary', disabled: action.busy, ...data({ testid: 'insight-download' }) },
        action.busy ? a.insightFetching : a.insightDownload,
      ),
    ),
    h(Outcome, { outcome: action.outcome, testId: 'insight-result' }),
  );
}
