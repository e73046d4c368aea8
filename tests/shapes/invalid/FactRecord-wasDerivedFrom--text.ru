# shape: wkgsh:FactRecord-wasDerivedFrom
# focus: id:fact-fra-region
# path: prov:wasDerivedFrom
# component: sh:NodeKindConstraintComponent
# severity: Violation
# why: a page's URL written as text
DELETE { GRAPH ?g { id:fact-fra-region ?p <https://de.wikial.top/wiki/Member_states_of_the_World_Customs_Organization> } }
INSERT { GRAPH ?g { id:fact-fra-region ?p "https://de.wikial.top/wiki/Member_states_of_the_World_Customs_Organization" } }
WHERE {
  VALUES ?p { prov:wasDerivedFrom }
  GRAPH ?g { id:fact-fra-region ?p <https://de.wikial.top/wiki/Member_states_of_the_World_Customs_Organization> }
} ;
