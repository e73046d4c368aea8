# shape: wkgsh:Interval-hasEnd
# focus: id:membership-saunders-wco-sg-term
# path: time:hasEnd
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a period ending with a date-less organization instead of an instant
INSERT DATA { GRAPH graph:wikipedia-wco {
  id:membership-saunders-wco-sg-term time:hasEnd id:wco .
} } ;
