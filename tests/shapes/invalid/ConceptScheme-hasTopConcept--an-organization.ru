# shape: wkgsh:ConceptScheme-hasTopConcept
# focus: id:roles
# path: skos:hasTopConcept
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a top 'concept' that is the WCO itself
INSERT DATA { GRAPH graph:editorial {
  id:roles skos:hasTopConcept id:wco .
} } ;
