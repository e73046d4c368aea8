# shape: wkgsh:Event-superEvent
# focus: id:ccc-inaugural-session
# path: schema:superEvent
# component: sh:ClassConstraintComponent
# severity: Violation
# why: an event said to be part of the organization instead of its establishment
DELETE { GRAPH ?g { id:ccc-inaugural-session ?p ?old } }
INSERT { GRAPH ?g { id:ccc-inaugural-session ?p id:wco } }
WHERE {
  VALUES ?p { schema:superEvent }
  GRAPH ?g { id:ccc-inaugural-session ?p ?old }
} ;
