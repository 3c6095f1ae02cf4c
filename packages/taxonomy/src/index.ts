export {
  addLabel,
  defaultTaxonomyFile,
  industryOf,
  type LabelDefinition,
  labelNames,
  loadTaxonomy,
  otherLabel,
  type Taxonomy,
  TaxonomyError,
  validateTaxonomy,
} from './taxonomy.ts';
