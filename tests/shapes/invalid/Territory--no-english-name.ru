# shape: wkgsh:Territory
# constraint: wkgsh:Territory-englishName
# focus: id:territory-lie
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a state that is not a WCO member, named only in French
DELETE { GRAPH ?g { id:territory-lie ?p ?n } }
WHERE { GRAPH ?g { id:territory-lie ?p ?n } FILTER (isLiteral(?n) && LANG(?n) = "en") } ;
