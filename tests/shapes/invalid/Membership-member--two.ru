# shape: wkgsh:Membership-member
# focus: id:membership-saunders-wco-sg
# path: org:member
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one membership of two people
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg org:member id:ricardo-trevino-chapa .
} } ;
