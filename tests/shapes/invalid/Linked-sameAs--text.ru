# shape: wkgsh:Linked-sameAs
# focus: id:belgium
# path: owl:sameAs
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a Wikidata identifier written as text instead of its IRI
INSERT DATA { GRAPH graph:supraverden {
  id:belgium owl:sameAs "Q31" .
} } ;
