// The visitor's readiness page: entry point (in progress).
import type { ServedPageConfig } from '../../../../core/servedRun.js';
import { readPageData } from '../pageData.js';

const config = readPageData<ServedPageConfig>();
const app = document.getElementById('app')!;
const heading = document.createElement('h1');
heading.textContent = config.label ? `WebRTC readiness check (${config.label})` : 'WebRTC readiness check';
app.replaceChildren(heading);
