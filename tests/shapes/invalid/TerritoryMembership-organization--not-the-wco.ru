# shape: wkgsh:TerritoryMembership-organization
# focus: id:wco-membership-fra
# path: org:organization
# component: sh:HasValueConstraintComponent
# severity: Violation
# why: a membership of another organization
DELETE { GRAPH ?g { id:wco-membership-fra ?p id:wco } }
INSERT { GRAPH ?g { id:wco-membership-fra ?p id:borders-in-globalization } }
WHERE {
  VALUES ?p { org:organization }
  GRAPH ?g { id:wco-membership-fra ?p id:wco }
} ;
