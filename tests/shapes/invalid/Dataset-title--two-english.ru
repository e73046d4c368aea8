# shape: wkgsh:Dataset-title
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:title
# component: sh:UniqueLangConstraintComponent
# severity: Violation
# why: two English titles
INSERT DATA { GRAPH graph:description {
  <https://w3id.org/wco-kg/dataset> dcterms:title "wco-kg"@en .
} } ;
