# shape: wkgsh:Partnership-primaryContact
# focus: id:partnership-big-wco
# path: wkg:primaryContact
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: two primary contacts
INSERT DATA { GRAPH graph:big-partner-profile {
  id:partnership-big-wco wkg:primaryContact id:ian-saunders ;
    dcat:contactPoint id:ian-saunders .
} } ;
