import { render } from 'preact';
import { AgentConsole } from './AgentConsole.js';
import './console.css';

render(<AgentConsole />, document.getElementById('console')!);
