/**
 * @module
 * Entry point of the console at `/console`: the Fluent theme around the console app.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { h } from '../common/h.ts';
import { ConsoleApp } from './console-app.ts';

const el = document.getElementById('root');
if (!el) throw new Error('#root missing from the page');
createRoot(el).render(h(FluentProvider, { theme: webLightTheme, style: { minHeight: '100vh' } }, h(ConsoleApp)));
