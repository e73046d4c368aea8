# shape: wkgsh:TerritoryMembership-memberSinceYear
# focus: id:wco-membership-hkg
# path: wkg:memberSinceYear
# component: sh:DatatypeConstraintComponent
# severity: Violation
# why: a start year written as a number (its record follows)
DELETE { GRAPH ?g { id:wco-membership-hkg ?p "1987"^^xsd:gYear } }
INSERT { GRAPH ?g { id:wco-membership-hkg ?p 1987 } }
WHERE {
  VALUES ?p { wkg:memberSinceYear schema:startDate }
  GRAPH ?g { id:wco-membership-hkg ?p "1987"^^xsd:gYear }
} ;
DELETE { GRAPH ?g { id:fact-hkg-member-since-year ?p "1987"^^xsd:gYear } }
INSERT { GRAPH ?g { id:fact-hkg-member-since-year ?p 1987 } }
WHERE {
  VALUES ?p { rdf:object }
  GRAPH ?g { id:fact-hkg-member-since-year ?p "1987"^^xsd:gYear }
} ;
