# shape: wkgsh:Membership-member
# focus: id:membership-saunders-wco-sg
# path: org:member
# component: sh:NodeConstraintComponent
# severity: Violation
# why: a member that is a role instead of a person or organization
DELETE { GRAPH ?g { id:membership-saunders-wco-sg ?p ?old } }
INSERT { GRAPH ?g { id:membership-saunders-wco-sg ?p id:role-secretary-general } }
WHERE {
  VALUES ?p { org:member }
  GRAPH ?g { id:membership-saunders-wco-sg ?p ?old }
} ;
