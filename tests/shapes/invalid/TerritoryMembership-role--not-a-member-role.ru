# shape: wkgsh:TerritoryMembership-role
# focus: id:wco-membership-fra
# path: org:role
# component: sh:InConstraintComponent
# severity: Violation
# why: a Member in the role of Policy Partner
DELETE { GRAPH ?g { id:wco-membership-fra ?p id:role-wco-member } }
INSERT { GRAPH ?g { id:wco-membership-fra ?p id:role-policy-partner } }
WHERE {
  VALUES ?p { org:role }
  GRAPH ?g { id:wco-membership-fra ?p id:role-wco-member }
} ;
