/**
 * The LSP features, one file each. The server advertises exactly the capabilities listed here.
 */
import type { Feature } from '../context';
import { codeActionFeature } from './code-actions';
import { documentSymbolFeature } from './document-symbols';
import { hoverFeature } from './hover';
import { workspaceSymbolFeature } from './workspace-symbols';
import { definitionFeature } from './definition';
import { referencesFeature } from './references';
import { codeLensFeature } from './code-lens';
import { inlayHintFeature } from './inlay-hints';
import { completionFeature } from './completion';
import { renameFeature } from './rename';
import { wiringGraphFeature } from './wiring-graph';

export const FEATURES: readonly Feature[] = [documentSymbolFeature, workspaceSymbolFeature, hoverFeature, codeActionFeature, definitionFeature, referencesFeature, codeLensFeature, inlayHintFeature, completionFeature, renameFeature, wiringGraphFeature];
