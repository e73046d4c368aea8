# shape: wkgsh:TerritoryMembership-memberSince
# focus: id:wco-membership-fra
# path: wkg:memberSince
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a start date written as plain text (its record follows)
DELETE { GRAPH ?g { id:wco-membership-fra ?p "1952-10-06"^^xsd:date } }
INSERT { GRAPH ?g { id:wco-membership-fra ?p "1952-10-06" } }
WHERE {
  VALUES ?p { wkg:memberSince schema:startDate }
  GRAPH ?g { id:wco-membership-fra ?p "1952-10-06"^^xsd:date }
} ;
DELETE { GRAPH ?g { id:fact-fra-member-since ?p "1952-10-06"^^xsd:date } }
INSERT { GRAPH ?g { id:fact-fra-member-since ?p "1952-10-06" } }
WHERE {
  VALUES ?p { rdf:object }
  GRAPH ?g { id:fact-fra-member-since ?p "1952-10-06"^^xsd:date }
} ;
