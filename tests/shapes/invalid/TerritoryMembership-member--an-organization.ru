# shape: wkgsh:TerritoryMembership-member
# focus: id:wco-membership-fra
# path: org:member
# component: sh:ClassConstraintComponent
# severity: Violation
# why: an organization as the member of a territory's membership
DELETE { GRAPH ?g { id:wco-membership-fra ?p id:territory-fra } }
INSERT { GRAPH ?g { id:wco-membership-fra ?p id:university-of-victoria } }
WHERE {
  VALUES ?p { org:member }
  GRAPH ?g { id:wco-membership-fra ?p id:territory-fra }
} ;
