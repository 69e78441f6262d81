export { TemplateError } from './template-error';
export {
  compileTemplate,
  renderTemplate,
  type CompiledTemplate,
  type TemplateFormat,
  type TemplateScope,
} from './render-template';
export { checkNodeTemplates, TEMPLATED_NODE_TYPES, type TemplateProblem } from './check-node-templates';
export { escapeHtml } from './escape-html';
export { MAX_OUTPUT_LENGTH, MAX_TEMPLATE_LENGTH, RENDER_TIME_LIMIT_MS } from './liquid-engine';
