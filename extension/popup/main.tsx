import { render } from 'preact';
import { PopupApp } from './popup-app.js';
import '../ui/ui.css';

render(<PopupApp />, document.getElementById('app')!);
