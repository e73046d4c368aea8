# shape: wkgsh:Dataset-license
# focus: <https://w3id.org/wco-kg/dataset>
# path: dcterms:license
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a dataset under two licences
INSERT DATA { GRAPH graph:description {
  <https://w3id.org/wco-kg/dataset> dcterms:license <https://creativecommons.org/publicdomain/zero/1.0/> .
} } ;
