# shape: wkgsh:TerritoryMembership
# constraint: wkgsh:TerritoryMembership-sinceIsPeriodStart
# focus: id:wco-membership-fra
# path: none
# component: sh:SPARQLConstraintComponent
# severity: Violation
# why: a period that begins a day after the start date
DELETE { GRAPH ?g { id:wco-membership-fra-start ?p "1952-10-06"^^xsd:date } }
INSERT { GRAPH ?g { id:wco-membership-fra-start ?p "1952-10-07"^^xsd:date } }
WHERE {
  VALUES ?p { time:inXSDDate }
  GRAPH ?g { id:wco-membership-fra-start ?p "1952-10-06"^^xsd:date }
} ;
