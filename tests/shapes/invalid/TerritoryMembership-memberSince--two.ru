# shape: wkgsh:TerritoryMembership-memberSince
# focus: id:wco-membership-fra
# path: wkg:memberSince
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two start dates
INSERT DATA { GRAPH graph:wco-members { id:wco-membership-fra wkg:memberSince "1952-10-07"^^xsd:date . id:wco-membership-fra schema:startDate "1952-10-07"^^xsd:date . } } ;
