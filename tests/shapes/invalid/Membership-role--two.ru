# shape: wkgsh:Membership-role
# focus: id:membership-saunders-wco-sg
# path: org:role
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one membership with two roles
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg org:role id:role-deputy-secretary-general .
} } ;
