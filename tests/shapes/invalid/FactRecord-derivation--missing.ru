# shape: wkgsh:FactRecord-derivation
# focus: id:fact-fra-region
# path: wkg:derivation
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a record that does not say how the fact was obtained
DELETE { GRAPH ?g { id:fact-fra-region ?p ?o } }
WHERE {
  VALUES ?p { wkg:derivation }
  GRAPH ?g { id:fact-fra-region ?p ?o }
} ;
