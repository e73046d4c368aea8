# shape: wkgsh:Partnership-primaryContact
# focus: id:partnership-big-wco
# path: wkg:primaryContact
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a primary contact that is an organization, not a person
DELETE { GRAPH ?g { id:partnership-big-wco ?p ?old } }
INSERT { GRAPH ?g { id:partnership-big-wco ?p id:wco } }
WHERE {
  VALUES ?p { wkg:primaryContact dcat:contactPoint }
  GRAPH ?g { id:partnership-big-wco ?p ?old }
} ;
