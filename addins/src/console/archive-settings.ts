/**
 * @module
 * Arkiv's settings page (`/console/arkiv/indstillinger`): the language of the organisation's
 * receipt PDFs – shown to the archive's readers, changed by the roles allowed. A change applies
 * to receipts filed from then on.
 */
import { Button, Field, Select, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { RECEIPT_LANGUAGES, type ReceiptLanguage } from '@brevdue/shared/api';
import { data, h } from '../common/h.ts';
import { useArchiveApi } from './archive-api.ts';
import { LoadError, Outcome, useAction } from './archive-common.ts';
import { useMay } from './archive-roles.ts';
import { useConsole } from './console-context.ts';
import { useConsoleStyles } from './console-styles.ts';
import { submitted } from './form-submit.ts';
import { useLoad } from './use-load.ts';

export function ArchiveSettingsPage() {
  const { t } = useConsole();
  const a = t.archive;
  const s = useConsoleStyles();
  const may = useMay();
  const archive = useArchiveApi();
  const loaded = useLoad(() => archive.settings(), [archive]);
  const [language, setLanguage] = useState<ReceiptLanguage>('da');
  const action = useAction();
  const edit = may('settingsWrite');
  useEffect(() => {
    if (loaded.value) setLanguage(loaded.value.receiptLanguage);
  }, [loaded.value]);

  if (loaded.error) return h(LoadError, { error: loaded.error, retry: loaded.reload });
  if (!loaded.value) return h(Spinner, { label: t.loading });
  const save = () =>
    void action.run(async () => {
      setLanguage((await archive.saveSettings({ receiptLanguage: language })).receiptLanguage);
      return a.settingsSaved;
    });
  return h(
    'section',
    { 'aria-labelledby': 'settings-heading', className: s.form },
    h(Text, { as: 'h2', id: 'settings-heading', size: 500, weight: 'semibold' }, a.settingsHeading),
    h(Text, { as: 'p', className: s.muted }, a.settingsIntro),
    edit ? null : h(Text, { as: 'p', className: s.muted }, a.readOnly),
    h(
      'form',
      { className: s.row, onSubmit: submitted(save) },
      h(
        Field,
        { label: a.receiptLanguage },
        h(
          Select,
          {
            value: language,
            disabled: !edit,
            onChange: (_, d) => setLanguage(d.value as ReceiptLanguage),
            ...data({ testid: 'receipt-language' }),
          },
          RECEIPT_LANGUAGES.map((l) => h('option', { key: l, value: l }, a.receiptLanguages[l])),
        ),
      ),
      edit ? h(Button, { appearance: 'primary', type: 'submit', disabled: action.busy }, a.settingsSave) : null,
    ),
    h(Outcome, { outcome: action.outcome, testId: 'settings-outcome' }),
  );
}
