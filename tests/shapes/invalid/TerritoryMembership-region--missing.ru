# shape: wkgsh:TerritoryMembership-region
# focus: id:wco-membership-fra
# path: wkg:region
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: a membership without a region (and without the record of it)
DELETE { GRAPH ?g { id:wco-membership-fra ?p ?o } }
WHERE {
  VALUES ?p { wkg:region }
  GRAPH ?g { id:wco-membership-fra ?p ?o }
} ;
DELETE WHERE { GRAPH ?g { id:fact-fra-region ?p ?o } } ;
