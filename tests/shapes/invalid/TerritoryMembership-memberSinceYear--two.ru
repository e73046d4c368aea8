# shape: wkgsh:TerritoryMembership-memberSinceYear
# focus: id:wco-membership-hkg
# path: wkg:memberSinceYear
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two start years
INSERT DATA { GRAPH graph:wco-members { id:wco-membership-hkg wkg:memberSinceYear "1988"^^xsd:gYear . id:wco-membership-hkg schema:startDate "1988"^^xsd:gYear . } } ;
