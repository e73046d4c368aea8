# shape: wkgsh:TerritoryMembership-region
# focus: id:wco-membership-fra
# path: wkg:region
# component: sh:InConstraintComponent
# severity: Violation
# why: a kind of member given as the region (its record follows)
DELETE { GRAPH ?g { id:wco-membership-fra ?p id:wco-region-europe } }
INSERT { GRAPH ?g { id:wco-membership-fra ?p id:member-kind-other } }
WHERE {
  VALUES ?p { wkg:region }
  GRAPH ?g { id:wco-membership-fra ?p id:wco-region-europe }
} ;
DELETE { GRAPH ?g { id:fact-fra-region ?p id:wco-region-europe } }
INSERT { GRAPH ?g { id:fact-fra-region ?p id:member-kind-other } }
WHERE {
  VALUES ?p { rdf:object }
  GRAPH ?g { id:fact-fra-region ?p id:wco-region-europe }
} ;
