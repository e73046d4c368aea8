# shape: wkgsh:Organization-activity
# focus: id:wco
# path: wkg:activity
# component: sh:ClassConstraintComponent
# severity: Violation
# why: an activity that points at the headquarters instead of an activity concept
INSERT DATA { GRAPH graph:big-partner-profile {
  id:wco wkg:activity id:wco-headquarters ;
    org:purpose id:wco-headquarters .
} } ;
