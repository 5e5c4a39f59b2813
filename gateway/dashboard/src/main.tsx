/** Starts the dashboard: takes a token from the URL, opens the live connection, renders the app. */
import { render } from 'preact';
import { startLive } from './api/live.js';
import { takeTokenFromUrl } from './api/token.js';
import { App } from './app.js';
import './styles.css';

takeTokenFromUrl();
startLive();
render(<App />, document.getElementById('app')!);
