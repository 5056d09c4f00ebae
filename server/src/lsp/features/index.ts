/**
 * The LSP features, one file each. The server advertises exactly the capabilities listed here.
 */
import type { Feature } from '../context';
import { codeActionFeature } from './code-actions';
import { documentSymbolFeature } from './document-symbols';
import { hoverFeature } from './hover';
import { workspaceSymbolFeature } from './workspace-symbols';

export const FEATURES: readonly Feature[] = [documentSymbolFeature, workspaceSymbolFeature, hoverFeature, codeActionFeature];
