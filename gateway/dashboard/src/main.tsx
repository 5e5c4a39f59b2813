/** Starts the dashboard: takes a token from the URL, opens the live connection, renders the app. */
import { render } from 'preact';
import { startLive } from './api/live.js';
import { takeTokenFromUrl } from './api/token.js';
import { App } from './app.js';
import './styles.css';

takeTokenFromUrl();
startLive();
const root = document.getElementById('app')!;
// index.html's "Loading…" line goes: Preact renders beside what it finds, it does not replace it.
root.textContent = '';
render(<App />, root);
