export {
  addLabel,
  defaultTaxonomyFile,
  industryOf,
  type LabelDefinition,
  loadTaxonomy,
  otherLabel,
  type Taxonomy,
  TaxonomyError,
  validateTaxonomy,
} from './taxonomy.ts';
