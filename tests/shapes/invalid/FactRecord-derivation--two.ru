# shape: wkgsh:FactRecord-derivation
# focus: id:fact-fra-region
# path: wkg:derivation
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a fact both read and placed by geography
INSERT DATA { GRAPH graph:wco-members { id:fact-fra-region wkg:derivation id:derivation-by-geography . } } ;
