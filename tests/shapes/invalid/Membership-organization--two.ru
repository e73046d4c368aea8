# shape: wkgsh:Membership-organization
# focus: id:membership-saunders-wco-sg
# path: org:organization
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one membership in two organizations
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg org:organization id:university-of-victoria .
} } ;
