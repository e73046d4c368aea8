# shape: wkgsh:Post-postIn
# focus: id:post-wco-secretary-general
# path: org:postIn
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: one post in two organizations
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:post-wco-secretary-general org:postIn id:university-of-victoria .
} } ;
