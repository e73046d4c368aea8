# shape: wkgsh:FactRecord-checkedIn
# focus: id:fact-fra-member-since
# path: wkg:checkedIn
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a checking page's URL written as text
DELETE { GRAPH ?g { id:fact-fra-member-since ?p <https://en.wikipedia.org/wiki/Member_states_of_the_World_Customs_Organization> } }
INSERT { GRAPH ?g { id:fact-fra-member-since ?p "https://en.wikipedia.org/wiki/Member_states_of_the_World_Customs_Organization" } }
WHERE {
  VALUES ?p { wkg:checkedIn rdfs:seeAlso }
  GRAPH ?g { id:fact-fra-member-since ?p <https://en.wikipedia.org/wiki/Member_states_of_the_World_Customs_Organization> }
} ;
