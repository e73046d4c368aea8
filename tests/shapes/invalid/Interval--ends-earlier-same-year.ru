# shape: wkgsh:Interval
# constraint: wkgsh:Interval-beginsBeforeEnd
# focus: id:membership-trevino-wco-dsg-term
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a term that began in January 2018 and ended on 2017-12-31
INSERT DATA { GRAPH graph:trevino-office {
  id:membership-trevino-wco-dsg-term time:hasEnd id:trevino-end .
  id:trevino-end a time:Instant ; time:inXSDDate "2017-12-31"^^xsd:date .
} } ;
