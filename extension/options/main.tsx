import { render } from 'preact';
import { OptionsApp } from './options-app.js';
import '../ui/ui.css';

render(<OptionsApp />, document.getElementById('app')!);
