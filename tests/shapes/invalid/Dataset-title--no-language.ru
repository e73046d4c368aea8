# shape: wkgsh:Dataset-title
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:title
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a title written without its language
INSERT DATA { GRAPH graph:description {
  <https://w3id.org/wco-kg/dataset> dcterms:title "wco-kg" .
} } ;
