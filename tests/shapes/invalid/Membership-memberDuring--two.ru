# shape: wkgsh:Membership-memberDuring
# focus: id:membership-saunders-wco-sg
# path: org:memberDuring
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one membership lasting two periods
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg org:memberDuring id:membership-trevino-wco-dsg-term .
} } ;
